import type { MonitorStatus } from './monitor-status';

/** The status as a few lines for a terminal, warnings first. */
export function formatStatus(status: MonitorStatus): string {
  const lines: string[] = [];
  for (const warning of status.warnings) lines.push(`WARNING: ${warning}`);
  const t = status.lastTraining;
  lines.push(
    t === null
      ? 'last training: none recorded'
      : `last training: ${t.startedAt} (${t.ageDays} d ago), ${t.trainer}, ${t.result}${t.version ? ` ${t.version}` : ''}${t.jobName ? ` ${t.jobName}` : ''}; why: ${t.reasons.join('; ')}`,
  );
  const d = status.lastDecision;
  if (d !== null)
    lines.push(
      `last decision (${d.day}): ${d.retrain ? 'retrain' : 'no retraining'}: ${d.reasons.join('; ')}`,
    );
  lines.push(`next scheduled training: ${status.nextScheduledTraining ?? 'n/a'}`);
  const p = status.promoted;
  lines.push(
    p === null
      ? 'promoted model: none'
      : `promoted model: ${p.version} ${p.model}${p.promotion?.kind === 'champion' ? ' (the champion: no candidate beat it)' : ''} (trained through ${p.trainedThrough}); held out ${p.test.from}..${p.test.to}: ratio to persistence ${p.test.ratioToPersistence?.toFixed(3) ?? 'n/a'}, direction ${(p.test.directionalAccuracy * 100).toFixed(1)}% (${p.test.points} steps); ${
          p.promotion?.beatsPersistence == null
            ? 'not scored at promotion'
            : p.promotion.beatsPersistence
              ? 'beats persistence'
              : 'does not beat persistence'
        }`,
  );
  const e = status.lastEvaluation;
  if (e === null) lines.push('last evaluation: none');
  else {
    const parts = Object.entries(e.rolling).map(([days, s]) =>
      s === null
        ? `${days} d: no steps`
        : `${days} d: ratio ${s.ratioToPersistence.model?.toFixed(3) ?? 'n/a'}, direction ${(s.directionalAccuracy.model * 100).toFixed(1)}% (${s.n} steps)`,
    );
    lines.push(`last evaluation: ${e.day}, ${e.points} steps; ${parts.join('; ')}`);
  }
  const a = status.alerts;
  lines.push(a === null ? 'alerts: none' : `alerts of ${a.day}: ${a.items.length}`);
  for (const item of a?.items ?? []) lines.push(`  [${item.family}] ${item.message}`);
  return lines.join('\n');
}
