/**
 * Time zones by the city they are named after: "Berlin" is Europe/Berlin, "new york" and
 * "New_York" are America/New_York. Keys are the last segment of each IANA name Intl lists,
 * lowercased, accents folded, spaces and underscores alike; legacy ids ICU still reports are
 * keyed by both their old and their modern city (Kiev and Kyiv) and give the modern name.
 */
import { displayTimeZone } from './schedule.ts';

/** "São Paulo", "sao_paulo", "St. John's" → "sao_paulo", "st_johns". */
export function cityKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .trim()
    .replace(/[\s_-]+/g, '_');
}

let byCity: Map<string, Set<string>> | null = null;

function cities(): Map<string, Set<string>> {
  if (!byCity) {
    byCity = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const modern = displayTimeZone(zone);
      for (const name of new Set([zone, modern])) {
        const key = cityKey(name.slice(name.lastIndexOf('/') + 1));
        byCity.set(key, (byCity.get(key) ?? new Set()).add(modern));
      }
    }
  }
  return byCity;
}

/** The IANA zones named after a city (usually one; [] for none). */
export function zonesOfCity(city: string): string[] {
  return [...(cities().get(cityKey(city)) ?? [])].sort();
}

/** Every city a zone is named after, as written in the zone's name with spaces ("New York"). */
export function zoneCityNames(): string[] {
  return [...new Set([...cities().values()].flatMap((zones) => [...zones]).map((z) => z.slice(z.lastIndexOf('/') + 1).replace(/_/g, ' ')))];
}
