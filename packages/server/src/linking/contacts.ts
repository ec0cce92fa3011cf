import type { DeconflictionContact } from '@sinag/core';

/** A contact as stored (deconfliction_contacts columns), without the fields left empty. */
export function contactOf(row: {
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
}): DeconflictionContact | null {
  if (!row.contact_name) return null;
  return {
    name: row.contact_name,
    ...(row.contact_email ? { email: row.contact_email } : {}),
    ...(row.contact_phone ? { phone: row.contact_phone } : {}),
  };
}
