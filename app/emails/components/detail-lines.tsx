import { Text } from "@react-email/components";
import { emailStyles } from "~/emails/components/email-layout";
import type { Locale } from "~/i18n/locales";

/** A receipt's details as label and value lines, which survive every client and the plain-text part. */
export function DetailLines({ locale, rows }: { locale: Locale; rows: [label: string, value: string][] }) {
  const styles = emailStyles(locale);
  return (
    <Text style={styles.text}>
      {rows.map(([label, value], index) => (
        <span key={label}>
          {index > 0 ? <br /> : null}
          <strong>{label}</strong>
          {/* Japanese labels end in a full-width colon, which carries its own space. */}
          {locale === "ja" ? "" : " "}
          {value}
        </span>
      ))}
    </Text>
  );
}
