import { useStaffTranslation } from "~/i18n/staff-hooks";

// The staff are in Seoul; every time in the staff area names its zone so nobody misreads it.
export const STAFF_TIME_ZONE = "Asia/Seoul";

/** A timestamp in the staff time zone, with the zone shown. */
export function StaffTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const { locale } = useStaffTranslation();
  // Spelled out field by field: Intl refuses timeZoneName together with dateStyle or timeStyle.
  const text = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    ...(dateOnly ? {} : { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }),
    timeZone: STAFF_TIME_ZONE,
  }).format(new Date(iso));
  return <time dateTime={iso}>{text}</time>;
}
