export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <a className="nhsuk-back-link" href={href}>
      {children}
    </a>
  );
}
