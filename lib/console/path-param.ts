// Dynamic route segments as the user typed them. Next may hand a segment over
// still percent-encoded; decoding twice (or a stray "%") must not crash a page.
export function pathParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
