import { FieldError, invalidProps, type DonateErrors } from "~/components/donate/field-error";
import { useTranslation } from "~/i18n/hooks";
import type { DonationRedisplay } from "~/models/donation.server";

/**
 * The optional request for a Korean donation receipt (기부금 영수증), offered only when the
 * organisation can seal the numbers (DONOR_DATA_KEY; app/models/korean-receipt.server.ts). The
 * details show once the box is ticked (CSS; every field is there without it). The resident
 * registration number is never put back into the form: after an error the donor types it again.
 */
export function KoreanReceiptFields({ values, errors }: { values: DonationRedisplay; errors: DonateErrors }) {
  const { t } = useTranslation();
  const requested = values.krReceipt === "on";
  const failed = Object.keys(errors).length > 0;
  return (
    <fieldset className="field donate-kr-receipt" {...invalidProps(errors, "krReceipt")}>
      <legend>{t("donate.krReceipt.heading")}</legend>
      <div>
        <input
          id="donate-kr-receipt"
          type="checkbox"
          name="krReceipt"
          defaultChecked={requested}
          aria-describedby="donate-kr-receipt-hint"
        />
        <label htmlFor="donate-kr-receipt">{t("donate.krReceipt.request")}</label>
        <p id="donate-kr-receipt-hint" className="hint">
          {t("donate.krReceipt.hint")}
        </p>
        <FieldError errors={errors} field="krReceipt" />
      </div>
      <div className="donate-kr-receipt__details">
        <div className="field">
          <label htmlFor="donate-kr-legal-name">{t("donate.krReceipt.legalName")}</label>
          <input
            id="donate-kr-legal-name"
            name="krLegalName"
            type="text"
            autoComplete="name"
            maxLength={100}
            defaultValue={values.krLegalName}
            {...invalidProps(errors, "krLegalName")}
          />
          <FieldError errors={errors} field="krLegalName" />
        </div>
        <div className="field">
          <label htmlFor="donate-kr-rrn">{t("donate.krReceipt.rrn")}</label>
          <input
            id="donate-kr-rrn"
            name="krRrn"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            {...invalidProps(errors, "krRrn", "donate-kr-rrn-hint")}
          />
          <p id="donate-kr-rrn-hint" className="hint">
            {t(requested && failed ? "donate.krReceipt.rrnAgain" : "donate.krReceipt.rrnHint")}
          </p>
          <FieldError errors={errors} field="krRrn" />
        </div>
        <div className="field">
          <label htmlFor="donate-kr-address">{t("donate.krReceipt.address")}</label>
          <input
            id="donate-kr-address"
            name="krAddress"
            type="text"
            autoComplete="street-address"
            maxLength={300}
            defaultValue={values.krAddress}
            {...invalidProps(errors, "krAddress")}
          />
          <FieldError errors={errors} field="krAddress" />
        </div>
      </div>
    </fieldset>
  );
}
