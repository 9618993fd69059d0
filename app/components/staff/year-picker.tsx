import { Form } from "@remix-run/react";

/** A GET form choosing the year a donations page shows (statements, Korean receipts). */
export function YearPicker({
  id,
  year,
  label,
  submit,
}: {
  id: string;
  year: number;
  label: string;
  submit: string;
}) {
  return (
    <Form method="get" className="staff-donations__filters">
      <div className="staff-donations__field">
        <label htmlFor={id}>{label}</label>
        <input id={id} name="year" type="number" min={2000} max={2100} defaultValue={year} />
      </div>
      <button type="submit">{submit}</button>
    </Form>
  );
}
