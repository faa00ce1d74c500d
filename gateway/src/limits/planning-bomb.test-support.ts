/**
 * A small document the federation query planner takes seconds to minutes to plan: named fragments on
 * Contact, each spreading the next one `spreads` times under variable `@include` conditions, `levels`
 * deep. About 1.3 KB at 10 levels and 4 spreads; the planner's work grows as spreads^levels while the
 * text grows linearly. Under a subscription root it reaches Contact through `dealStageChanged`.
 */
export function fragmentBomb({ levels, spreads, root = 'query' }: { levels: number; spreads: number; root?: 'query' | 'subscription' }): string {
  const fragments = Array.from({ length: levels }, (_, i) => {
    const body =
      i + 1 < levels
        ? `${Array.from({ length: spreads }, (_, k) => `...F${i + 1} @include(if: $v${k})`).join(' ')} email`
        : 'email orders { total }';
    return `fragment F${i} on Contact { ${body} }`;
  });
  const variables = Array.from({ length: spreads }, (_, k) => `$v${k}: Boolean = true`).join(' ');
  const selection = root === 'query' ? 'contacts(first: 5) { nodes { ...F0 } }' : 'dealStageChanged { deal { contact { ...F0 } } }';
  return `${root} Bomb(${variables}) { ${selection} } ${fragments.join(' ')}`;
}
