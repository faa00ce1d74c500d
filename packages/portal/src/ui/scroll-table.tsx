import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways inside its own box on a narrow screen (never the whole page), and that a
 * keyboard can reach to scroll (a focusable, named region).
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table>{children}</table>
    </div>
  );
}
