// A role's level as a badge whose text says it ("Level 2 · Manager"); the dot's colour only repeats it.
import { Badge } from '@mantine/core';
import { LEVEL_NAMES } from './matrix';

const COLORS = ['red', 'orange', 'grape', 'indigo', 'teal', 'cyan'] as const;

export function LevelBadge(props: { level: number }) {
  const name = LEVEL_NAMES[props.level] ?? 'Unknown';
  return (
    <Badge
      variant="dot"
      tt="none"
      size="md"
      color={COLORS[props.level] ?? 'gray'}
      // Never cut short ("Level 2 · Manag…"): the badge is as wide as its words.
      styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }}
    >
      Level {props.level} · {name}
    </Badge>
  );
}
