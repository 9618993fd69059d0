import { useStaffTranslation } from "~/i18n/staff-hooks";

// The staff are in Seoul; every time in the staff area names its zone so nobody misreads it.
export const STAFF_TIME_ZONE = "Asia/Seoul";

/** A timestamp in the staff time zone, with the zone shown. */
export function StaffTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const { locale } = useStaffTranslation();
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    ...(dateOnly ? {} : { timeStyle: "short" }),
    timeZone: STAFF_TIME_ZONE,
    timeZoneName: dateOnly ? undefined : "short",
  }).format(new Date(iso));
  return <time dateTime={iso}>{text}</time>;
}
