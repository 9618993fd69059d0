import { useStaffTranslation } from "~/i18n/staff-hooks";

// The staff are in Seoul; every time in the staff area names its zone so nobody misreads it.
export const STAFF_TIME_ZONE = "Asia/Seoul";

/**
 * A timestamp as the staff area writes it. Intl refuses `timeZoneName` beside `dateStyle` or
 * `timeStyle`, so a time with its zone is spelt out field by field.
 */
export function formatStaffTime(locale: string, iso: string, dateOnly = false): string {
  const options: Intl.DateTimeFormatOptions = dateOnly
    ? { dateStyle: "medium", timeZone: STAFF_TIME_ZONE }
    : {
        year: "numeric",
        month: "short",
        day: "numeric",
        // 24-hour time: unambiguous, and the same from every ICU build (Node's may say "PM" where a
        // browser says "오후", which would differ between the server's page and hydration).
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: STAFF_TIME_ZONE,
        timeZoneName: "short",
      };
  return new Intl.DateTimeFormat(locale, options).format(new Date(iso));
}

/** A timestamp in the staff time zone, with the zone shown. */
export function StaffTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const { locale } = useStaffTranslation();
  return <time dateTime={iso}>{formatStaffTime(locale, iso, dateOnly)}</time>;
}
