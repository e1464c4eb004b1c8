/** A failed call, said plainly; a 403 also says why (only leads commit and export). */
export function ErrorBanner({ error, testId }: { error: Error | null; testId: string }) {
  if (!error) return null;
  const code = (error as { code?: string }).code;
  return (
    <div className="banner error" role="alert" data-testid={testId} data-code={code}>
      {error.message}
      {code === 'forbidden' ? <p>Only a lead can do this. Ask your lead, or sign in with a lead token.</p> : null}
    </div>
  );
}
