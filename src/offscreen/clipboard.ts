// navigator.clipboard needs a focused document, which an offscreen document never is;
// execCommand('copy') on a textarea is what Chrome's offscreen CLIPBOARD reason is for.
export function copyText(text: string): void {
  const area = document.querySelector<HTMLTextAreaElement>('#clipboard');
  if (!area) throw new Error('clipboard element missing');
  area.value = text;
  area.select();
  const ok = document.execCommand('copy');
  area.value = '';
  if (!ok) throw new Error('copy was refused');
}
