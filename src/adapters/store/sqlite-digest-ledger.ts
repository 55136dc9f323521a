import type Database from 'better-sqlite3';
import type { DigestLedger, DigestMessageRecord, DigestRecord, LeaseHolder, NewDigest } from '../../core/digest/digest-ledger.ts';

interface DigestRow {
  id: number;
  channel_id: number;
  slot: string;
  status: DigestRecord['status'];
  nonce: string;
  through_seq: number | null;
  attempts: number;
  next_try_at: string | null;
  error: string | null;
  notice_sent_at: string | null;
  created_at: string;
}

interface MessageRow {
  position: number;
  payload: string;
  paper_ids: string;
  status: DigestMessageRecord['status'];
  message_ref: string | null;
  attempted_at: string | null;
}

const leaseUntil = (lease: LeaseHolder, now: Date) => new Date(now.getTime() + lease.ttlMs).toISOString();

/** The digest ledger and channel leases in SQLite (see core/digest/digest-ledger.ts). */
export function createSqliteDigestLedger(sqlite: Database.Database): DigestLedger {
  const acquire = sqlite.prepare<[string, string, number, string, string]>(
    `UPDATE channels SET lease_holder = ?, lease_until = ?
     WHERE id = ? AND (lease_holder IS NULL OR lease_holder = ? OR lease_until < ?)`,
  );
  const renew = sqlite.prepare<[string, number, string]>('UPDATE channels SET lease_until = ? WHERE id = ? AND lease_holder = ?');
  const release = sqlite.prepare<[number, string]>('UPDATE channels SET lease_holder = NULL, lease_until = NULL WHERE id = ? AND lease_holder = ?');
  const digestBySlot = sqlite.prepare<[number, string], DigestRow>('SELECT * FROM digests WHERE channel_id = ? AND slot = ?');
  const digestById = sqlite.prepare<[number], DigestRow>('SELECT * FROM digests WHERE id = ?');
  const unsettledOf = sqlite.prepare<[number], DigestRow>("SELECT * FROM digests WHERE channel_id = ? AND status = 'pending' ORDER BY id");
  const allUnsettled = sqlite.prepare<[], DigestRow>("SELECT * FROM digests WHERE status = 'pending' ORDER BY id");
  const messagesOf = sqlite.prepare<[number], MessageRow>(
    'SELECT position, payload, paper_ids, status, message_ref, attempted_at FROM digest_messages WHERE digest_id = ? ORDER BY position',
  );
  const picksOf = sqlite.prepare<[number], { paper_id: string; reason: string | null }>('SELECT paper_id, reason FROM deliveries WHERE digest_id = ? ORDER BY id');
  const maxSeq = sqlite.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM papers');
  const insertDigest = sqlite.prepare<[number, string, string, number, string], { id: number }>(
    `INSERT INTO digests (channel_id, slot, status, nonce, through_seq, created_at) VALUES (?, ?, 'pending', ?, ?, ?) RETURNING id`,
  );
  const insertMessage = sqlite.prepare<[number, number, string, string]>(
    `INSERT INTO digest_messages (digest_id, position, payload, paper_ids, status) VALUES (?, ?, ?, ?, 'pending')`,
  );
  const insertDelivery = sqlite.prepare<[number, string, number, string, string]>(
    `INSERT OR IGNORE INTO deliveries (channel_id, paper_id, digest_id, status, reason, created_at) VALUES (?, ?, ?, 'pending', ?, ?)`,
  );
  const attempt = sqlite.prepare<[string, number, number]>(
    "UPDATE digest_messages SET status = 'attempted', attempted_at = ? WHERE digest_id = ? AND position = ? AND status != 'sent'",
  );
  const notSent = sqlite.prepare<[number, number]>("UPDATE digest_messages SET status = 'pending' WHERE digest_id = ? AND position = ? AND status = 'attempted'");
  const messageSent = sqlite.prepare<[string, string, number, number]>(
    "UPDATE digest_messages SET status = 'sent', message_ref = ?, sent_at = ? WHERE digest_id = ? AND position = ?",
  );
  const paperIdsOf = sqlite.prepare<[number, number], { paper_ids: string }>('SELECT paper_ids FROM digest_messages WHERE digest_id = ? AND position = ?');
  const deliveriesSent = sqlite.prepare<[string, string, number, string]>(
    "UPDATE deliveries SET status = 'sent', message_ref = ?, sent_at = ? WHERE digest_id = ? AND paper_id IN (SELECT value FROM json_each(?))",
  );
  const unsentCount = sqlite.prepare<[number], { n: number }>("SELECT count(*) AS n FROM digest_messages WHERE digest_id = ? AND status != 'sent'");
  const firstRef = sqlite.prepare<[number], { message_ref: string | null }>('SELECT message_ref FROM digest_messages WHERE digest_id = ? ORDER BY position LIMIT 1');
  const digestSettled = sqlite.prepare<[string, string | null, string | null, string, number]>(
    'UPDATE digests SET status = ?, message_ref = ?, error = ?, settled_at = ?, next_try_at = NULL WHERE id = ?',
  );
  const advanceChannel = sqlite.prepare<[string, string, number | null, number]>(
    `UPDATE channels SET
       last_digest_at = CASE WHEN last_digest_at IS NULL OR last_digest_at < ? THEN ? ELSE last_digest_at END,
       papers_through_seq = max(COALESCE(papers_through_seq, 0), COALESCE(?, 0))
     WHERE id = ?`,
  );
  const defer = sqlite.prepare<[string, string, number]>('UPDATE digests SET attempts = attempts + 1, error = ?, next_try_at = ? WHERE id = ?');
  const noticeSent = sqlite.prepare<[string, number]>('UPDATE digests SET notice_sent_at = ? WHERE id = ?');
  const freeUnsent = sqlite.prepare<[number]>("DELETE FROM deliveries WHERE digest_id = ? AND status = 'pending'");

  const toRecord = (row: DigestRow): DigestRecord => ({
    id: row.id,
    channelId: row.channel_id,
    slot: row.slot,
    status: row.status,
    key: row.nonce,
    throughSeq: row.through_seq,
    picks: picksOf.all(row.id).map((p) => ({ paperId: p.paper_id, reason: p.reason ?? '' })),
    messages: messagesOf.all(row.id).map((m) => ({
      position: m.position,
      payload: JSON.parse(m.payload) as unknown,
      paperIds: JSON.parse(m.paper_ids) as string[],
      status: m.status,
      messageRef: m.message_ref,
      attemptedAt: m.attempted_at,
    })),
    attempts: row.attempts,
    nextTryAt: row.next_try_at,
    lastError: row.error,
    noticeSentAt: row.notice_sent_at,
    createdAt: row.created_at,
  });

  const holds = (channelId: number, lease: LeaseHolder, now: Date) => renew.run(leaseUntil(lease, now), channelId, lease.holder).changes === 1;

  const advance = (row: DigestRow) => advanceChannel.run(row.slot, row.slot, row.through_seq, row.channel_id);

  // Each write begins IMMEDIATE: a deferred transaction that reads and then writes fails at once
  // with SQLITE_BUSY when another process wrote in between (its busy timeout does not apply), which
  // two processes delivering side by side hit.
  const create = sqlite.transaction((digest: NewDigest, lease: LeaseHolder, now: Date): DigestRecord | null => {
    if (!holds(digest.channelId, lease, now)) return null;
    const { id } = insertDigest.get(digest.channelId, digest.slot, digest.key, digest.throughSeq, digest.now)!;
    for (const pick of digest.picks) insertDelivery.run(digest.channelId, pick.paperId, id, pick.reason, digest.now);
    digest.messages.forEach((m, position) => insertMessage.run(id, position, JSON.stringify(m.payload), JSON.stringify(m.paperIds)));
    return toRecord(digestById.get(id)!);
  });

  const markAttempt = sqlite.transaction((digestId: number, position: number, lease: LeaseHolder, now: Date): boolean => {
    const row = digestById.get(digestId);
    if (!row || row.status !== 'pending' || !holds(row.channel_id, lease, now)) return false;
    return attempt.run(now.toISOString(), digestId, position).changes === 1;
  });

  const markSent = sqlite.transaction((digestId: number, position: number, messageRef: string, now: string) => {
    messageSent.run(messageRef, now, digestId, position);
    deliveriesSent.run(messageRef, now, digestId, paperIdsOf.get(digestId, position)?.paper_ids ?? '[]');
    if (unsentCount.get(digestId)!.n > 0) return;
    const row = digestById.get(digestId)!;
    digestSettled.run('sent', firstRef.get(digestId)?.message_ref ?? null, null, now, digestId);
    advance(row);
  });

  const skip = sqlite.transaction((digestId: number, now: string) => {
    const row = digestById.get(digestId)!;
    digestSettled.run('skipped', null, null, now, digestId);
    advance(row);
  });

  const fail = sqlite.transaction((digestId: number, reason: string, now: string) => {
    digestSettled.run('failed', firstRef.get(digestId)?.message_ref ?? null, reason, now, digestId);
    freeUnsent.run(digestId);
  });

  return {
    acquireLease: (channelId, lease, now) => acquire.run(lease.holder, leaseUntil(lease, now), channelId, lease.holder, now.toISOString()).changes === 1,
    renewLease: holds,
    releaseLease: (channelId, holder) => void release.run(channelId, holder),
    findDigest(channelId, slot) {
      const row = digestBySlot.get(channelId, slot);
      return row ? toRecord(row) : null;
    },
    unsettledDigests: (channelId) => unsettledOf.all(channelId).map(toRecord),
    allUnsettled: () => allUnsettled.all().map(toRecord),
    currentPaperSeq: () => maxSeq.get()?.seq ?? 0,
    createDigest: (digest, lease, now) => create.immediate(digest, lease, now),
    markAttempt: (digestId, position, lease, now) => markAttempt.immediate(digestId, position, lease, now),
    markNotSent: (digestId, position) => void notSent.run(digestId, position),
    markMessageSent: (digestId, position, messageRef, now) => markSent.immediate(digestId, position, messageRef, now),
    deferDigest: (digestId, reason, nextTryAt) => void defer.run(reason, nextTryAt, digestId),
    markNoticeSent: (digestId, now) => void noticeSent.run(now, digestId),
    settleSkipped: (digestId, now) => skip.immediate(digestId, now),
    failDigest: (digestId, reason, now) => fail.immediate(digestId, reason, now),
  };
}
