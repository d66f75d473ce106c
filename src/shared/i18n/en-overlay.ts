// The English sentences the sharer sees in the shared tab (the overlay's remote-control prompt and
// banner): a module of their own, so the injected overlay script carries these and nothing else.
import type { Plural } from './format';

export interface OverlayMessages {
  /** The prompt, for one viewer asking to control: its verification words. */
  asks: (words: string) => string;
  /** Under the prompt, when more viewers are asking than the one shown. */
  more: Plural;
  allow: string;
  deny: string;
  /** The prompt's name for screen readers. */
  promptLabel: string;
  /** The banner while a viewer controls; clicking it takes control back. */
  controlling: (words: string) => string;
}

export const overlay: OverlayMessages = {
  asks: (words) => `${words} asks to control this tab`,
  more: { one: 'and {n} more', other: 'and {n} more' },
  allow: 'Allow',
  deny: 'Deny',
  promptLabel: 'Remote control request',
  controlling: (words) => `${words} is controlling this tab — press Esc twice or click here to take back`,
};
