/**
 * The text rules of the worklist item's fields, as plain predicates: worklist-item.ts builds its zod
 * schema from them and fast-parameters.ts checks with the very same functions (ADR 0034).
 */
// eslint-disable-next-line no-control-regex -- DICOM text must not carry control characters
export const CONTROL = /[\u0000-\u001f\u007f]/;
/** Length in characters (code points), not UTF-16 units. */
export const maxChars = (n: number) => (s: string) => [...s].length <= n;

export const DICOM_DATE = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
export const DICOM_TIME = /^([01]\d|2[0-3])[0-5]\d[0-5]\d$/;
export const NHS_NUMBER = /^\d{10}$/;
export const DICOM_CS = /^[A-Z0-9_ ]{1,16}$/;
export const PERSON_NAME = /^[^^]+(\^[^^]*)?$/;

/** DICOM PN: one component group, no `=` or `\` or controls. */
export const personNameCharactersOk = (s: string) => !/[=\\]/.test(s) && !CONTROL.test(s);
/** DICOM SH/LO text: something besides spaces. */
export const notBlank = (s: string) => s.trim() !== '';
/** DICOM SH/LO text: no backslash, no controls. */
export const dicomTextCharactersOk = (s: string) => !s.includes('\\') && !CONTROL.test(s);
