/** Vitest (Vite) loads `?raw` imports as the file's text; the unit tests read the schema that way. */
declare module '*?raw' {
  const text: string;
  export default text;
}
