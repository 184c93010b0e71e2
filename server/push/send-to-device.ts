import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { webpush, WebPushError } from '@starter-kit/webpush/node';
import type { ContentEncoding, SendResult, Urgency } from '@starter-kit/webpush/node';
import type { PushOutcome } from '../db/push-outcome.ts';

/** What the sender needs of a stored subscription. */
export interface DeviceTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
  contentEncoding: ContentEncoding;
}

export interface SendSettings {
  ttl: number;
  urgency: Urgency;
  topic: string | null;
}

/** Sends one push and classifies the answer; never rejects. */
export type SendToDevice = (
  device: DeviceTarget,
  payload: string,
  settings: SendSettings,
) => Promise<PushOutcome>;

export interface DeviceSenderOptions {
  vapidPrivateKey: KeyObject;
  /** VAPID `sub` claim: mailto: or https: contact of the sender. */
  subject: string;
  /** Milliseconds to wait for a push service. */
  timeout?: number;
  /** Connection pool shared with the fan-out (keep-alive to each push service). */
  dispatcher?: Dispatcher;
}

/** Sends one push at a time (the test push); the fan-out sends through the library's `sendMany`. */
export function createDeviceSender(options: DeviceSenderOptions): SendToDevice {
  return async (device, payload, settings) => {
    try {
      const reply = await webpush(
        { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
        payload,
        {
          vapidPrivateKey: options.vapidPrivateKey,
          vapidClaims: { sub: options.subject },
          contentEncoding: device.contentEncoding,
          ttl: settings.ttl,
          urgency: settings.urgency,
          ...(settings.topic ? { topic: settings.topic } : {}),
          timeout: options.timeout ?? 30_000,
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        },
      );
      return { outcome: 'delivered', status: reply.status, reason: null };
    } catch (error) {
      return classifyFailure(error);
    }
  };
}

/** 404/410 mean the subscription is gone for good; anything else is a failure worth recording. */
export function classifyFailure(error: unknown): PushOutcome {
  if (error instanceof WebPushError) {
    const reason = error.json?.message ?? error.message;
    return { outcome: error.isGone ? 'expired' : 'failed', status: error.status || null, reason };
  }
  return { outcome: 'failed', status: null, reason: error instanceof Error ? error.message : String(error) };
}

/** The outcome of one of `sendMany`'s results, in the words the server records. */
export function outcomeOfResult(result: SendResult): PushOutcome {
  if (result.outcome === 'delivered') return { outcome: 'delivered', status: result.status, reason: null };
  return classifyFailure(result.error ?? new Error(`push ${result.outcome} without an error`));
}
