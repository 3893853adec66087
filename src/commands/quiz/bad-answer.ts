/**
 * A scripted answer that is no answer (a grade line that is not a grade)
 * ends the session as the end of the answers does, so the summary of what
 * was saved is still printed (the JSON document too); the error is kept,
 * to be reported after it with exit 2.
 */
import { InputEndedError, type Responder } from '../../quiz/review.js'
import { BadAnswerError } from '../../quiz/scripted.js'

export interface BadAnswerStop {
  responder: Responder
  /** The error that ended the session, if one did. */
  badAnswer(): BadAnswerError | undefined
}

/** Wrap a scripted responder so a bad answer ends the session instead of escaping it. */
export function stopAtBadAnswer(inner: Responder): BadAnswerStop {
  let badAnswer: BadAnswerError | undefined
  const guard =
    <A extends unknown[], R>(ask: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await ask(...args)
      } catch (error) {
        if (!(error instanceof BadAnswerError)) throw error
        badAnswer = error
        throw new InputEndedError()
      }
    }
  return {
    responder: {
      reveal: guard((context) => inner.reveal(context)),
      type: guard((context) => inner.type(context)),
      grade: guard((context) => inner.grade(context)),
      wait: guard((context) => inner.wait(context)),
    },
    badAnswer: () => badAnswer,
  }
}
