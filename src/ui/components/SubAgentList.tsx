// [lanes] Live sub-agents, one compact line each under the transcript: name, state, requests, last tool.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { SubAgentView } from '../subAgentState.js';
import { paint, useColor } from '../theme.js';

const STATE_TONE = { running: 'cyan', completed: 'green', cancelled: 'yellow', failed: 'red', max_turns: 'yellow' } as const;

export const SubAgentList = memo(function SubAgentList({ agents }: { agents: readonly SubAgentView[] }) {
  const color = useColor();
  if (agents.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      {agents.map((agent) => (
        <Text key={agent.name} wrap="truncate-end">
          <Text {...paint(color, { dim: true })}>{'  ⎿ '}</Text>
          <Text {...paint(color, { bold: true })}>{agent.name}</Text>
          <Text {...paint(color, { dim: true })}>{' · '}</Text>
          <Text {...paint(color, { tone: STATE_TONE[agent.state] })}>{agent.state}</Text>
          <Text
            {...paint(color, { dim: true })}
          >{` · ${agent.requests} req${agent.lastTool ? ` · ${agent.lastTool}` : ''}${agent.lane ? '' : ' · own socket'}`}</Text>
        </Text>
      ))}
    </Box>
  );
});
