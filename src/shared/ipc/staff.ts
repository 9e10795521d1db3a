import { z } from 'zod';

/** The roles staff pick from when they say who is using the workstation. */
export const STAFF_ROLES = [
  'Mammographer',
  'Assistant practitioner',
  'Radiographer',
  'Clinic receptionist',
  'Clinic manager',
  'Other',
] as const;

export const staffSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Enter your name, as colleagues know you.')
    .max(64, 'Your name must be 64 characters or fewer.')
    // The name goes into the audit log and CSV exports: printable text only.
    .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'Your name can only contain letters, spaces and punctuation.'),
  role: z.enum(STAFF_ROLES, 'Choose your role.'),
});
export type Staff = z.infer<typeof staffSchema>;

/** How a person appears in the audit log and on timelines. */
export function staffActor(staff: Staff): string {
  return `${staff.name} (${staff.role})`;
}
