// The rates French late-payment charges are computed from (Code de commerce L.441-10), one a
// half-year ("semester"): the ECB main refinancing rate and the French legal interest rate. Both
// tables are keyed 'YYYY-H1' (1 January – 30 June) / 'YYYY-H2' (1 July – 31 December), values in %
// a year. They are the defaults shipped with Encours; the settings can add later semesters. A
// semester missing from a table is an error for the caller to report, never a guess: the tables
// stop at the last semester known for certain.

/**
 * The ECB main refinancing operations (MRO) rate in force on 1 January (H1) / 1 July (H2), % a year.
 * L.441-10 takes the rate in force on the first day of the half-year for the whole half-year.
 * Source: the ECB's key interest rates history (ecb.europa.eu, "Key ECB interest rates"):
 * 0.05 % from 10 Sep 2014; 0.00 % from 16 Mar 2016; 0.50 % from 27 Jul 2022; 1.25 % 14 Sep 2022;
 * 2.00 % 2 Nov 2022; 2.50 % 21 Dec 2022; 3.00 % 8 Feb 2023; 3.50 % 22 Mar 2023; 3.75 % 10 May 2023;
 * 4.00 % 21 Jun 2023; 4.25 % 2 Aug 2023; 4.50 % 20 Sep 2023; 4.25 % 12 Jun 2024; 3.65 % 18 Sep 2024;
 * 3.40 % 23 Oct 2024; 3.15 % 18 Dec 2024; 2.90 % 5 Feb 2025; 2.65 % 12 Mar 2025; 2.40 % 23 Apr 2025;
 * 2.15 % 11 Jun 2025, unchanged into 2026. 2026-H2 is not known yet: deliberately absent.
 */
export const ECB_MRO_RATES: Record<string, number> = {
  '2015-H1': 0.05, '2015-H2': 0.05,
  '2016-H1': 0.05, '2016-H2': 0.0, // cut to 0.00 on 16 Mar 2016, after 1 January
  '2017-H1': 0.0, '2017-H2': 0.0,
  '2018-H1': 0.0, '2018-H2': 0.0,
  '2019-H1': 0.0, '2019-H2': 0.0,
  '2020-H1': 0.0, '2020-H2': 0.0,
  '2021-H1': 0.0, '2021-H2': 0.0,
  '2022-H1': 0.0, '2022-H2': 0.0, // raised to 0.50 on 27 Jul 2022, after 1 July
  '2023-H1': 2.5, '2023-H2': 4.0,
  '2024-H1': 4.5, '2024-H2': 4.25,
  '2025-H1': 3.15, '2025-H2': 2.15,
  '2026-H1': 2.15,
};

/**
 * The French legal interest rate "pour tous les autres cas" (creditors who are not private persons
 * acting outside their trade, i.e. professionals), % a year, set each half-year by arrêté published
 * in the Journal officiel (Code monétaire et financier L.313-2). Late interest between businesses
 * may not be below 3 × this rate (L.441-10). Source: the arrêtés, as listed by service-public.fr.
 */
export const LEGAL_RATES: Record<string, number> = {
  '2015-H1': 0.93, '2015-H2': 0.99,
  '2016-H1': 1.01, '2016-H2': 0.93,
  '2017-H1': 0.9, '2017-H2': 0.9,
  '2018-H1': 0.89, '2018-H2': 0.88,
  '2019-H1': 0.86, '2019-H2': 0.87,
  '2020-H1': 0.87, '2020-H2': 0.84,
  '2021-H1': 0.79, '2021-H2': 0.76,
  '2022-H1': 0.76, '2022-H2': 0.77,
  '2023-H1': 2.06, '2023-H2': 4.22,
  '2024-H1': 5.07, '2024-H2': 4.92,
  '2025-H1': 3.71, '2025-H2': 2.76,
  '2026-H1': 2.62,
};

/** A semester key: 'YYYY-H1' or 'YYYY-H2'. */
export const SEMESTER_KEY = /^\d{4}-H[12]$/;

/** The semester an ISO date (YYYY-MM-DD) falls in: '2025-03-17' → '2025-H1'. */
export function semesterOf(isoDate: string): string {
  return `${isoDate.slice(0, 4)}-H${Number(isoDate.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** The first day of a semester: '2025-H2' → '2025-07-01'. */
export function semesterStart(semester: string): string {
  return `${semester.slice(0, 4)}-${semester.endsWith('H1') ? '01-01' : '07-01'}`;
}

/** The last day of a semester: '2025-H1' → '2025-06-30'. */
export function semesterEnd(semester: string): string {
  return `${semester.slice(0, 4)}-${semester.endsWith('H1') ? '06-30' : '12-31'}`;
}
