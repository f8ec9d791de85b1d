import type { EntityManager } from 'typeorm';

/**
 * Ends every session of the user but the one kept (which just proved the password or a new
 * second factor), inside the caller's transaction; answers how many were ended. Shared by the
 * session and MFA services so neither depends on the other.
 */
export async function revokeOtherSessions(
  tx: EntityManager,
  userId: string,
  keepSessionId: string,
): Promise<number> {
  const [, count] = await tx.query<[unknown, number]>(
    `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
    [userId, keepSessionId],
  );
  await tx.query(`UPDATE sessions SET reauthenticated_at = now() WHERE id = $1`, [keepSessionId]);
  return count;
}
