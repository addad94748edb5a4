/**
 * Sign-in challenges in the table (functions/auth/sign-in.ts makes the codes and counts the attempts):
 * one per phone number, the latest replacing the one before.
 */
import type { EntityItem } from 'electrodb';
import { signInChallenge } from './entities.ts';

export type SignInChallengeItem = EntityItem<typeof signInChallenge>;

/** The current challenge of a phone number, as a consistent read. */
export async function getSignInChallenge(phone: string): Promise<SignInChallengeItem | undefined> {
  const { data } = await signInChallenge.get({ phone }).go({ consistent: true });
  return data ?? undefined;
}

/** Writes a challenge, replacing the number's previous one. */
export async function saveSignInChallenge(challenge: SignInChallengeItem): Promise<void> {
  await signInChallenge.put(challenge).go();
}

/**
 * Adds one to a challenge's attempts, conditioned on the count and the challenge read; throws when the
 * condition fails (another attempt, or a new challenge, came first).
 */
export async function saveChallengeAttempt(challenge: SignInChallengeItem): Promise<void> {
  await signInChallenge
    .patch({ phone: challenge.phone })
    .add({ attempts: 1 })
    .where(
      ({ attempts, challengeId }, { eq }) =>
        `${eq(attempts, challenge.attempts)} AND ${eq(challengeId, challenge.challengeId)}`,
    )
    .go();
}

/** Deletes a challenge if it is still the number's current one; throws otherwise. */
export async function deleteSignInChallenge(challenge: SignInChallengeItem): Promise<void> {
  await signInChallenge
    .delete({ phone: challenge.phone })
    .where(({ challengeId }, { eq }) => eq(challengeId, challenge.challengeId))
    .go();
}
