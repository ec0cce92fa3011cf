import ipaddr from 'ipaddr.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The country whose numbering plan a phone number (E.164) belongs to; not where its holder is. */
export function phoneCountry(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/**
 * Why an address belongs to no place (private, carrier-grade NAT, loopback, documentation…), or undefined
 * for a public address. Such addresses are in no geolocation database: saying why spares the analyst a guess.
 */
export function unroutableAddress(ip: string): string | undefined {
  if (!ipaddr.isValid(ip)) return 'not a valid IP address';
  const range = ipaddr.parse(ip).range();
  return range === 'unicast' ? undefined : `a ${range} address, not on the public internet`;
}
