// WebCrypto's type names as globals for the Node program (tsconfig.json has no DOM lib, where the browser
// programs get them): Node provides the same API at run time (globalThis.crypto), typed under node:crypto's
// `webcrypto` namespace.
type CryptoKey = import('node:crypto').webcrypto.CryptoKey;
type CryptoKeyPair = import('node:crypto').webcrypto.CryptoKeyPair;
type KeyUsage = import('node:crypto').webcrypto.KeyUsage;
type JsonWebKey = import('node:crypto').webcrypto.JsonWebKey;
type BufferSource = import('node:crypto').webcrypto.BufferSource;
