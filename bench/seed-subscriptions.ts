// `tsx bench/seed-subscriptions.ts <database file> <origin> <n>`: stores N subscriptions with real P-256 keys at
// <origin>/wpush/<i>, a user per 10 devices, through the real migrations. A process of its own, so the
// benchmarked server process starts with none of the seeding's memory.
import { createECDH, randomBytes } from 'node:crypto';
import { openDatabase } from '../server/db/client.ts';
import { subscriptions, users } from '../server/db/schema.ts';

const DEVICES_PER_USER = 10;
const CHUNK = 1000;

const [databasePath, origin, nText] = process.argv.slice(2) as [string, string, string];
const n = Number(nText);
const { db, close } = openDatabase(databasePath);
const ecdh = createECDH('prime256v1');
const now = new Date();
for (let start = 0; start < n; start += CHUNK) {
  const end = Math.min(n, start + CHUNK);
  db.transaction(() => {
    const userIds: number[] = [];
    for (let u = start; u < end; u += DEVICES_PER_USER) {
      const name = `user-${u / DEVICES_PER_USER}`;
      userIds.push(db.insert(users).values({ name }).returning({ id: users.id }).get().id);
    }
    const rows = [];
    for (let i = start; i < end; i++) {
      ecdh.generateKeys(); // a fresh key pair per device
      rows.push({
        userId: userIds[Math.floor((i - start) / DEVICES_PER_USER)]!,
        endpoint: `${origin}/wpush/${i}`,
        p256dh: ecdh.getPublicKey('base64url'),
        auth: randomBytes(16).toString('base64url'),
        contentEncoding: 'aes128gcm' as const,
        createdAt: now,
        updatedAt: now,
      });
    }
    for (let i = 0; i < rows.length; i += 100)
      db.insert(subscriptions)
        .values(rows.slice(i, i + 100))
        .run();
  });
}
close();
