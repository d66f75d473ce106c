// Finding the overlay's own elements from a test: they live in a closed shadow root that page
// scripts cannot open, but the DevTools protocol's DOM domain sees through it (pierce: true).
// Click what it finds with puppeteer's page.mouse: trusted input, as the sharer's would be.
import type { Page } from 'puppeteer-core';

interface DomNode {
  nodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

function find(node: DomNode, testId: string): DomNode | null {
  const attrs = node.attributes ?? [];
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === 'data-testid' && attrs[i + 1] === testId) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const found = find(child, testId);
    if (found) return found;
  }
  return null;
}

/** The viewport box of the element with this data-testid, shadow roots included; null when absent or not rendered. */
export async function overlayBox(
  page: Page,
  testId: string,
): Promise<{ x: number; y: number; width: number; height: number; centre: { x: number; y: number } } | null> {
  const cdp = await page.createCDPSession();
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const node = find(root, testId);
    if (!node) return null;
    let quad: number[];
    try {
      ({
        model: { border: quad },
      } = await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId }));
    } catch {
      return null; // hidden: no box
    }
    const xs = [quad[0], quad[2], quad[4], quad[6]] as number[];
    const ys = [quad[1], quad[3], quad[5], quad[7]] as number[];
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    const width = Math.max(...xs) - x;
    const height = Math.max(...ys) - y;
    return { x, y, width, height, centre: { x: x + width / 2, y: y + height / 2 } };
  } finally {
    await cdp.detach();
  }
}
