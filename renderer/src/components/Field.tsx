/** A labelled form field with its error, or else its hint, under it (styles in styles.css). */
export function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: string; children: React.ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {error ? <span className="field-error">{error}</span> : hint ? <span className="muted field-hint">{hint}</span> : null}
    </label>
  );
}
