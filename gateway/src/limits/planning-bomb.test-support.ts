/**
 * A small document the federation query planner takes seconds to minutes to plan: named fragments each
 * spreading the next one `spreads` times under variable `@include` conditions, `levels` deep. About 1.1 KB
 * at 10 levels and 3 spreads; the planner's work grows as spreads^levels while the text grows linearly.
 */
export function fragmentBomb({ levels, spreads }: { levels: number; spreads: number }): string {
  const fragments = Array.from({ length: levels }, (_, i) => {
    const body =
      i + 1 < levels
        ? `${Array.from({ length: spreads }, (_, k) => `...F${i + 1} @include(if: $v${k})`).join(' ')} email`
        : 'email orders { total }';
    return `fragment F${i} on Contact { ${body} }`;
  });
  const variables = Array.from({ length: spreads }, (_, k) => `$v${k}: Boolean = true`).join(' ');
  return `query Bomb(${variables}) { contacts(first: 5) { nodes { ...F0 } } } ${fragments.join(' ')}`;
}
