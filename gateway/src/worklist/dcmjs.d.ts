/**
 * The little of dcmjs (no published types) the gateway touches directly: its copy of the PS3.6 data
 * dictionary, used by tests to check our attribute table. Everything else goes through dcmjs-dimse.
 */
declare module 'dcmjs' {
  interface DictionaryEntry {
    tag: string;
    vr: string;
    vm: string;
    name: string;
  }
  export const data: {
    DicomMetaDictionary: { nameMap: Record<string, DictionaryEntry | undefined> };
  };
}
