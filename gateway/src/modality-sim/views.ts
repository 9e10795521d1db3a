/** The four views of a standard screening mammogram: right/left, cranio-caudal/medio-lateral oblique. */
export const VIEWS = ['RCC', 'LCC', 'RMLO', 'LMLO'] as const;
export type View = (typeof VIEWS)[number];
