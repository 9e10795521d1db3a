import { z } from 'zod';
import { GATEWAY_PROFILES, MESSAGE_TYPES } from '../domain/message';
import { POC_FIVE_DESTINATION_MAX, profileCapabilities } from 'modality-link-protocol';

/**
 * The gateway form (first-run set-up and edits). Each rule's message names the field in plain words,
 * so the error summary and the inline errors read well without further mapping.
 */
const base64Key32 = /^[A-Za-z0-9+/]{43}=$/;

const DESTINATION_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const webAddress = z.url({ protocol: /^https?$/ });

/** A route's destination: the gateway's name for it, or (`poc-five` only) a web address. */
function destinationProblem(destination: string, accepted: 'name' | 'name-or-url'): string | null {
  if (DESTINATION_NAME.test(destination)) return null;
  if (accepted === 'name')
    return 'Destination must be the gateway’s destination name, in lower case, for example mwl';
  if (destination.length > POC_FIVE_DESTINATION_MAX)
    return `Destination must be ${POC_FIVE_DESTINATION_MAX} characters or fewer`;
  return webAddress.safeParse(destination).success
    ? null
    : 'Destination must be the destination name in lower case, for example mwl, or a web address starting with https://';
}

export const gatewayDraftSchema = z
  .strictObject({
    /** Present when editing an existing gateway. */
    id: z.string().min(1).max(64).optional(),
    providerId: z.string().min(1, 'Choose the provider this gateway serves'),
    name: z
      .string()
      .trim()
      .min(1, 'Enter a name for the gateway')
      .max(100, 'Gateway name must be 100 characters or fewer'),
    relayAddress: z
      .string()
      .trim()
      .min(1, 'Enter the relay namespace, for example sb://alpha.servicebus.windows.net')
      .refine((value) => /^(sb|wss|ws):\/\/[^/\s]+\/?$/.test(value), {
        message:
          'Relay namespace must look like sb://alpha.servicebus.windows.net (or ws://127.0.0.1:47653 for a local relay)',
      }),
    hybridConnection: z
      .string()
      .trim()
      .min(1, 'Enter the hybrid connection name')
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$/,
        'Hybrid connection name can only contain letters, numbers, dots, dashes, underscores and slashes',
      ),
    sendRuleName: z
      .string()
      .trim()
      .min(1, 'Enter the name of the shared access policy with the Send right')
      .max(256),
    /** Omitted on edit to keep the stored key. Never returned by any channel. */
    sendKey: z
      .string()
      .trim()
      .regex(base64Key32, 'Send key must be the 44-character key shown in the Azure portal')
      .optional(),
    profile: z.enum(GATEWAY_PROFILES, { message: 'Choose the protocol the gateway speaks' }),
    routes: z
      .array(
        z.strictObject({
          messageType: z.enum(MESSAGE_TYPES, { message: 'Choose a message type' }),
          // Checked against the profile below: `poc-five` routes may also name a URL.
          destination: z.string().trim(),
        }),
      )
      .min(1, 'Add at least one route: which messages go to which destination'),
    /** The gateway's signing public key, as `modality-link-gateway init` printed it. */
    gatewayPublicKey: z
      .string()
      .trim()
      .regex(base64Key32, 'Gateway public key must be the 44-character key the gateway printed at set-up')
      .optional(),
    modalityAeTitle: z
      .string()
      .trim()
      .regex(/^[ -~]{1,16}$/, 'Modality AE title must be 1 to 16 plain characters')
      .refine((v) => !v.includes('\\'), 'Modality AE title must not contain a backslash')
      .optional(),
    makeDefault: z.boolean().optional(),
  })
  .superRefine((draft, ctx) => {
    // A new gateway needs its key; an edit may leave it out to keep the stored one.
    if (!draft.id && !draft.sendKey)
      ctx.addIssue({ code: 'custom', path: ['sendKey'], message: 'Enter the send key' });
    const capabilities = profileCapabilities(draft.profile);
    draft.routes.forEach((route, index) => {
      const carried = capabilities.routes[route.messageType];
      if (!carried.available) {
        ctx.addIssue({
          code: 'custom',
          path: ['routes', index, 'messageType'],
          message: `Remove this route or choose another protocol: ${carried.reason}`,
        });
      }
      const problem = destinationProblem(route.destination, capabilities.destinations);
      if (problem) ctx.addIssue({ code: 'custom', path: ['routes', index, 'destination'], message: problem });
    });
  });
export type GatewayDraft = z.infer<typeof gatewayDraftSchema>;
