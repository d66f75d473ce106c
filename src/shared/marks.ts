/**
 * Marks a step of a share on the page's performance timeline, as `tabbeam:<step>`: visible in
 * DevTools' performance panel, and read by the benchmark's first-frame timeline (scripts/drive.ts).
 */
export const mark = (step: string): void => void globalThis.performance?.mark?.(`tabbeam:${step}`);
