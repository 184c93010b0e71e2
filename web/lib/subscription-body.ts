/**
 * The body for `POST /api/subscriptions`: `subscription.toJSON()` plus the content encodings this browser can
 * decrypt. When the browser does not list them the field is left out (the server then picks aes128gcm; an
 * empty list would mean "aesgcm only").
 */
export function subscriptionBody(subscription: PushSubscription) {
  const json = subscription.toJSON();
  const encodings = typeof PushManager !== 'undefined' ? PushManager.supportedContentEncodings : undefined;
  return {
    endpoint: json.endpoint ?? subscription.endpoint,
    expirationTime: json.expirationTime ?? null,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    ...(Array.isArray(encodings) && encodings.length > 0 ? { contentEncodings: [...encodings] } : {}),
  };
}
