// Kept until routes/admin-messages.ts (another helper's file, mid-edit) imports these from their new homes:
// the query from validation/delivery-page-query.ts, the page from db/delivery-store.ts.
import type { Db } from '../db/client.ts';
import { deliveryPage as storedPage } from '../db/delivery-store.ts';
import {
  deliveryPageQuery,
  deliveryPageRequest,
  type DeliveryPageQuery,
} from '../validation/delivery-page-query.ts';

export { deliveryPageQuery };

export function deliveryPage(db: Db, messageId: number, query: DeliveryPageQuery) {
  return storedPage(db, messageId, deliveryPageRequest(query));
}
