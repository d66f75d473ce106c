// The language of Chrome's own menus and pages: the extension speaks it (src/shared/i18n/strings.ts).
export function uiLanguage(): string {
  return chrome.i18n.getUILanguage();
}
