// Moved to http/client-info.ts; kept until routes/admin-messages.ts imports it from there.
export { clientOf } from '../http/client-info.ts';
