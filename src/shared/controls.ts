// The sharer's live-share controls, declared once. Each name is used as is everywhere: the popup's
// action, the message ('control/lock' to the background, then to the offscreen document), the
// controller's live-only command and the ShareHost's method. The types of all of them, and the
// forwarding between contexts, come from this table: a new entry makes the compiler ask the
// offscreen document for its implementation.
import type { Preset } from './quality';
import type { Controls } from './session';

/** A control: its arguments (A), and what the Session keeps of it once the host has done it. */
interface Control<A extends unknown[]> {
  recorded?: (...args: A) => Partial<Controls>;
}

/** A control whose arguments are `recorded`'s, or A when the Session keeps nothing of it. */
const control = <A extends unknown[]>(recorded?: (...args: A) => Partial<Controls>): Control<A> => ({ recorded });

export const CONTROLS = {
  /** No new viewers while locked. */
  lock: control((locked: boolean) => ({ locked })),
  /** Viewers see a slate; nothing of the source is sent. */
  pause: control((paused: boolean) => ({ paused })),
  mic: control((on: boolean) => ({ mic: on })),
  /** The source's sound is silent for the sharer, still streamed. */
  muteForMe: control((muted: boolean) => ({ mutedForMe: muted })),
  quality: control((preset: Preset) => ({ quality: preset })),
  /** The sharer's pointing switch for everyone: off removes every mark. */
  pointing: control((allowed: boolean) => ({ pointing: allowed })),
  /** The sharer's live-text switch for everyone: viewers read and copy the page's text, or not. */
  copying: control((allowed: boolean) => ({ copying: allowed })),
  /** Ask-to-join: let a waiting viewer in, or turn it away. */
  admit: control<[viewerId: string, allow: boolean]>(),
  kick: control<[viewerId: string]>(),
  /** The sharer's pointing switch for one viewer. */
  viewerPointing: control<[viewerId: string, allowed: boolean]>(),
  /** The sharer's answer to a viewer asking to control the tab (src/shared/remote-control.ts). */
  grantControl: control<[viewerId: string, allow: boolean]>(),
  /** The sharer takes control of the tab back from the viewer who has it. */
  takeBackControl: control<[]>(),
};

export type ControlName = keyof typeof CONTROLS;
export type ControlArgs<K extends ControlName> = (typeof CONTROLS)[K] extends Control<infer A> ? A : never;
/** One function per control, as a context carries it out (R: what each returns). */
export type ControlFunctions<R> = { [K in ControlName]: (...args: ControlArgs<K>) => R };
export type ControlType<K extends ControlName = ControlName> = `control/${K}`;
/** The controls' messages in a Protocol target (src/shared/protocol.ts): each carries its arguments. */
export type ControlMessages = { [K in ControlName as ControlType<K>]: { req: ControlArgs<K>; res: void } };
/** What serve() takes for the controls' messages. */
export type ControlHandlers<R> = { [K in ControlName as ControlType<K>]: (args: ControlArgs<K>) => R };

export const CONTROL_NAMES = Object.keys(CONTROLS) as ControlName[];

export const controlType = <K extends ControlName>(name: K): ControlType<K> => `control/${name}`;

/** One function per control, each made by `make` from its name (the table types its arguments). */
export function controlsFrom<R>(make: (name: ControlName) => (...args: unknown[]) => R): ControlFunctions<R> {
  return Object.fromEntries(CONTROL_NAMES.map((name) => [name, make(name)])) as ControlFunctions<R>;
}

/** Calls `name` on `functions` with arguments that the table typed on their way here. */
export function callControl<R>(functions: ControlFunctions<R>, name: ControlName, args: unknown[]): R {
  return (functions[name] as (...args: unknown[]) => R)(...args);
}

/** What the Session keeps of control `name` done with `args`, if anything. */
export function recordOf(name: ControlName, args: unknown[]): Partial<Controls> | null {
  const recorded = CONTROLS[name].recorded as ((...args: unknown[]) => Partial<Controls>) | undefined;
  return recorded ? recorded(...args) : null;
}

/** The handlers that serve each control's message by calling `functions` (see messaging.ts). */
export function controlHandlers<R>(functions: ControlFunctions<R>): ControlHandlers<R> {
  type Handler = (args: unknown[]) => R;
  const handle =
    (name: ControlName): Handler =>
    (args) =>
      callControl(functions, name, args);
  const entries = CONTROL_NAMES.map((name) => [controlType(name), handle(name)] as const);
  return Object.fromEntries(entries) as Record<ControlType, Handler>;
}
