// The few DOM helpers the views share: finding elements, showing answers, and problem documents next to the
// fields they name.
import { ApiError } from '@userbase/client'

/** The element `selector` finds; a missing one is a bug in index.html, so it throws. */
export function $<T extends Element = HTMLElement> (selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector)
  if (found === null) throw new Error(`index.html has no ${selector}`)
  return found
}

export function show (element: HTMLElement, visible: boolean): void {
  element.hidden = !visible
}

/** A one-line message at the top of the page (cleared with an empty text). */
export function notify (text: string): void {
  const notice = $('#notice')
  notice.textContent = text
  show(notice, text !== '')
}

/** Empties the field and form error slots of `form`. */
export function clearErrors (form: HTMLElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('.field-error, .form-error')) slot.textContent = ''
}

/**
 * An error shown in `form`: each of a problem's `errors[]` next to the field its JSON Pointer `path` names
 * (`/username`); the `detail` at the form's foot when no field claims it. Anything else is a network failure.
 */
export function showError (form: HTMLElement, error: unknown): void {
  clearErrors(form)
  const formError = form.querySelector<HTMLElement>('.form-error')
  if (!(error instanceof ApiError)) {
    if (formError !== null) formError.textContent = 'The API could not be reached. Is it running?'
    console.warn(error)
    return
  }
  let placed = false
  for (const fieldError of error.errors) {
    const slot = form.querySelector<HTMLElement>(`.field-error[data-error-for="${CSS.escape(fieldError.path)}"]`)
    if (slot === null) continue
    slot.textContent = slot.textContent === '' ? fieldError.message : `${slot.textContent} ${fieldError.message}`
    placed = true
  }
  if (!placed && formError !== null) {
    formError.textContent = error.retryAfter === undefined
      ? error.detail
      : `${error.detail} Try again in ${error.retryAfter} s.`
  }
}

/**
 * Runs `action` for a form's submit: the button disabled meanwhile, earlier errors cleared, a failure shown
 * in the form. Resolves to false when the action failed.
 */
export async function submitting (form: HTMLElement, action: () => Promise<unknown>): Promise<boolean> {
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')]
  for (const button of buttons) button.disabled = true
  clearErrors(form)
  try {
    await action()
    return true
  } catch (error) {
    showError(form, error)
    return false
  } finally {
    for (const button of buttons) button.disabled = false
  }
}

/** A button that runs `action` when clicked; a failure is shown with showError in `errorsIn`. */
export function actionButton (label: string, action: () => Promise<void>, errorsIn: HTMLElement): HTMLButtonElement {
  const button = document.createElement('button')
  button.type = 'button'
  button.textContent = label
  button.addEventListener('click', () => {
    action().catch((error: unknown) => { showError(errorsIn, error) })
  })
  return button
}

/** The `name` fields of a form, as strings. */
export function fieldsOf (form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') fields[name] = value
  return fields
}

/** `#token=...` of a mailed link (the token travels in the fragment, never to a server's logs). */
export function tokenFromFragment (): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? ''
}

export function formatBytes (bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
