import { describe, expect, it } from 'vitest';
import {
  captureSize,
  mediaError,
  openMicrophone,
  openSource,
  PICKER_OPTIONS,
  sourceConstraints,
} from '../../src/offscreen/capture';
import { AppError } from '../../src/shared/errors';

const refused = (name: string, message = '') => new DOMException(message, name);

describe('capture', () => {
  it("asks for a tab's own size, scaled down to fit 1080p, in even pixels", () => {
    expect(captureSize(null)).toEqual({ width: 1280, height: 720 });
    expect(captureSize({ width: 1001, height: 601 })).toEqual({ width: 1002, height: 602 });
    expect(captureSize({ width: 3840, height: 2160 })).toEqual({ width: 1920, height: 1080 });
    expect(captureSize({ width: 1000, height: 3000 })).toEqual({ width: 360, height: 1080 });
  });

  it('opens a tab by its stream ID, video and audio', () => {
    const id = { chromeMediaSource: 'tab', chromeMediaSourceId: 'tab-stream' };
    expect(
      sourceConstraints({ kind: 'tab', tabId: 1, streamId: 'tab-stream', size: { width: 2560, height: 1440 } }),
    ).toEqual({
      video: { mandatory: { ...id, maxWidth: 1920, maxHeight: 1080, maxFrameRate: 30 } },
      audio: { mandatory: id },
    });
  });

  it("opens Chrome's picker for a picked source, offering its sound; closing the picker is 'cancelled'", async () => {
    const asked: DisplayMediaStreamOptions[] = [];
    const stream = {} as MediaStream;
    const devices = {
      getUserMedia: async () => Promise.reject(new Error('not this one')),
      getDisplayMedia: async (o: DisplayMediaStreamOptions) => (asked.push(o), stream),
    };
    expect(await openSource({ kind: 'picked' }, devices)).toBe(stream);
    expect(asked).toEqual([PICKER_OPTIONS]);
    expect(PICKER_OPTIONS).toMatchObject({ audio: true, video: { height: { max: 1080 } } });
    const closing = { ...devices, getDisplayMedia: async () => Promise.reject(refused('NotAllowedError')) };
    await expect(openSource({ kind: 'picked' }, closing)).rejects.toMatchObject({ code: 'cancelled' });
    const broken = {
      ...devices,
      getDisplayMedia: async () => Promise.reject(refused('NotReadableError', 'Could not start video source')),
    };
    await expect(openSource({ kind: 'picked' }, broken)).rejects.toMatchObject({
      code: 'capture-failed',
      detail: 'Could not start video source',
    });
  });

  it('opens the camera without sound (the microphone is separate)', () => {
    expect(sourceConstraints({ kind: 'camera' })).toEqual({
      video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
      audio: false,
    });
  });

  it.each([
    ['NotAllowedError', 'mic', 'mic-denied'],
    ['SecurityError', 'mic', 'mic-denied'],
    ['NotAllowedError', 'camera', 'camera-denied'],
    ['NotFoundError', 'mic', 'mic-missing'],
    ['NotFoundError', 'camera', 'camera-missing'],
    ['OverconstrainedError', 'camera', 'camera-missing'],
    ['NotReadableError', 'camera', 'capture-failed'],
    ['NotAllowedError', null, 'capture-failed'],
  ] as const)('%s for %s is %s', (name, device, code) => {
    const error = mediaError(refused(name), device);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
  });

  it('keeps what the browser said about a failed capture', () => {
    expect(mediaError(refused('AbortError', 'Tab capture failed'), null).toData()).toEqual({
      code: 'capture-failed',
      detail: 'Tab capture failed',
    });
    expect(mediaError(refused('AbortError'), null).toData()).toEqual({ code: 'capture-failed', detail: 'AbortError' });
    expect(mediaError('gone', 'mic').toData()).toEqual({ code: 'capture-failed', detail: 'gone' });
  });

  it('names the device that refused when opening it', async () => {
    const fail = (name: string) => async (): Promise<MediaStream> => {
      throw refused(name);
    };
    const devices = { getUserMedia: fail('NotAllowedError'), getDisplayMedia: fail('NotAllowedError') };
    await expect(openSource({ kind: 'camera' }, devices)).rejects.toMatchObject({ code: 'camera-denied' });
    await expect(openSource({ kind: 'tab', tabId: 1, streamId: 's', size: null }, devices)).rejects.toMatchObject({
      code: 'capture-failed',
    });
    await expect(openMicrophone(fail('NotFoundError'))).rejects.toMatchObject({ code: 'mic-missing' });
  });

  it('asks for the microphone with echo cancellation and no video', async () => {
    const asked: MediaStreamConstraints[] = [];
    const stream = {} as MediaStream;
    expect(
      await openMicrophone(async (c) => {
        asked.push(c);
        return stream;
      }),
    ).toBe(stream);
    expect(asked).toEqual([{ audio: { echoCancellation: true, noiseSuppression: true }, video: false }]);
  });
});
