/**
 * The commented starter config `init` writes. Comments matter here: this file is what hospital IT reads
 * first, so each section says what it is for and where the value comes from.
 */
export interface StarterOptions {
  gatewayId: string;
  relayEndpoint: string;
  hybridConnection: string;
  signingKeyFile: string;
  worklistPort: number;
  storagePort: number;
  /** Calling AE titles of the site's modalities: the only peers either DICOM port admits. */
  modalityAeTitles: readonly string[];
}

export function starterConfig(o: StarterOptions): string {
  const allowed = `[${o.modalityAeTitles.join(', ')}]`;
  return `# Modality Link gateway configuration.
# Validate with:  modality-link-gateway check --config <this file>
# Secrets may be written as env:VARIABLE or file:/path/to/file (relative paths are from this file's folder).

gateway:
  # A short id for this gateway; the desktop app shows it and it signs every hello_ok.
  id: ${o.gatewayId}
  name: Breast screening gateway

relay:
  # Azure Relay namespace as the portal shows it (sb://NAMESPACE.servicebus.windows.net), or a local
  # relay such as ws://127.0.0.1:47653.
  endpoint: ${o.relayEndpoint}
  # The hybrid connection this gateway listens on.
  hybrid_connection: ${o.hybridConnection}
  # Shared access policy with the Listen right.
  listen:
    rule: gateway-listen
    key: env:MODALITY_LINK_LISTEN_KEY
  # Shared access policy with the Send right: the watchdog proves the listener alive by echoing through
  # the relay, and \`check\` uses it. Remove this section to turn the watchdog off (not recommended).
  send:
    rule: gateway-send
    key: env:MODALITY_LINK_SEND_KEY

# Where the gateway keeps its database (inbox, event outbox, worklist).
data_dir: ./data

# The gateway's Ed25519 signing key, written by \`init\` (keep it 0600; back it up with the data).
signing_key: file:${o.signingKeyFile}

# Workstations allowed to open signed modality-link/1 sessions. Add with:
#   modality-link-gateway trust add <name> <publicKeyBase64> [--id <workstationId>]
trusted_workstations: []

# Unsigned compatibility profiles (ADR 0012): nhs-gateway/1 is the production gateway's contract,
# poc-five the seed proof of concept's. Neither carries a signature, so anyone holding the relay Send key
# (every workstation has it) could use one. Leave them off unless a sender that cannot sign needs one,
# and then allow only what it needs. \`check\` prints a WARN line while one is on.
profiles:
  nhs-gateway/1:
    enabled: false
    actions: [worklist.create_item, worklist.update_status, echo, health]
  poc-five:
    enabled: false
    actions: [message.deliver]

# Hospital systems this gateway may deliver to (see docs/gateway.md for each type's settings).
destinations: []
# Which destinations message.deliver may name; omitted = every destination above.
# allowed_destinations: [pacs-fhir]

# The DICOM Modality Worklist the mammography machines query. The same AE title and port take their
# MPPS messages (procedure started / completed / discontinued); set mpps: false to refuse them.
worklist:
  enabled: true
  host: 0.0.0.0
  port: ${o.worklistPort}
  ae_title: MODALITYLINK
  mpps: true
  # The clinic's IANA time zone: scheduled times are shown to the modality in it. nhs-gateway/1 senders
  # send UTC, converted to this zone (ADR 0019); modality-link/1 already sends local time.
  time_zone: Europe/London
  # Only these calling AE titles (your modalities) may query the worklist or report procedures; others get
  # A-ASSOCIATE-RJ "calling AE title not recognized". Remove the line to admit anyone (\`check\` warns).
  allowed_calling_ae_titles: ${allowed}

# The DICOM storage SCP the mammography machines send images to (C-STORE). Images are kept as
# received under directory (default: <data_dir>/images) and a thumbnail of each goes to the desktop app.
storage:
  enabled: true
  host: 0.0.0.0
  port: ${o.storagePort}
  ae_title: MODLINK_STORE
  # Image files (and their index rows) are removed this many days after they arrive: the gateway keeps
  # them for thumbnails and is not the image archive. Remove the line to keep them for ever.
  retention_days: 30
  # directory: /var/lib/modality-link/images
  # Only these calling AE titles may send images (remove the line to admit anyone; \`check\` warns).
  allowed_calling_ae_titles: ${allowed}

# Loopback-only endpoint for \`modality-link-gateway status\` (Nagios/Zabbix), /health and /metrics
# (Prometheus); see docs/operations.md "Monitoring".
# monitoring:
#   enabled: true
#   port: 4250

watchdog:
  interval_seconds: 60
  timeout_seconds: 30

retention:
  # Finished actions and acknowledged events older than this are pruned. Keep it longer than the app's
  # retry horizon: past it, a resent action id counts as new.
  days: 30

log:
  level: info
`;
}
