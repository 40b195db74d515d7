/**
 * Alerts name public places (an intersection, a business), never where a person lives: a text that reads like a
 * street address — a house number before a street name, or an apartment or unit — is refused from staff. (A
 * volunteer's text is taken as written: the dispatcher reads it before anyone else does.)
 */
const STREET_ADDRESS =
  /\b\d{1,6}[A-Z]?\s+(?:[NSEW]\.?\s+|north\s+|south\s+|east\s+|west\s+)?[\p{L}\d.'-]+(?:\s+[\p{L}.'-]+)?\s+(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl|place|ter|terrace|calle|avenida)\b/iu;
/** Spanish order: the house number, then the kind of street (`812 Calle Luna`). */
const SPANISH_STREET_ADDRESS = /\b\d{1,6}\s+(?:calle|avenida|av\.|camino|callejón)\s+\p{L}/iu;
const DWELLING_UNIT = /\b(?:apt|apartment|unit|suite|depto|departamento)\b\.?\s*#?\s*\w+|#\s*\d+/iu;

export const PRIVATE_ADDRESS_PROBLEM =
  'must be a public place (an intersection or a business), not a street address';

export function looksLikePrivateAddress(location: string): boolean {
  return [STREET_ADDRESS, SPANISH_STREET_ADDRESS, DWELLING_UNIT].some((pattern) => pattern.test(location));
}
