// Signed out: sign up, sign in, ask for a reset link; the reset form a mailed link opens; signing out.
import { $, fieldsOf, notify, show, submitting } from '../dom.js'
import { dataOf, expectOk, userbase } from '../userbase.js'

export function mountAuth (): void {
  const signupForm = $<HTMLFormElement>('#signup-form')
  signupForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const { email = '', username = '', password = '' } = fieldsOf(signupForm)
    submitting(signupForm, async () => {
      await userbase.auth.signUp({ email, username, password })
      signupForm.reset()
      notify(`Welcome, ${username}! We mailed a link to ${email} to verify the address.`)
    })
  })

  const loginForm = $<HTMLFormElement>('#login-form')
  loginForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const { login = '', password = '' } = fieldsOf(loginForm)
    submitting(loginForm, async () => {
      await userbase.auth.signIn({ login, password })
      loginForm.reset()
      notify('')
    })
  })

  const forgotForm = $<HTMLFormElement>('#forgot-form')
  forgotForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const { email = '' } = fieldsOf(forgotForm)
    submitting(forgotForm, async () => {
      notify(dataOf(await userbase.api.POST('/v1/auth/password/forgot', { body: { email } })).detail)
    })
  })

  // signOut ends the session here even when the server cannot be told.
  $('#sign-out').addEventListener('click', () => {
    userbase.auth.signOut().then(() => { notify('You are signed out.') }, (error: unknown) => {
      notify(`You are signed out here; the server could not be told (${String(error)}).`)
    })
  })

  $('#resend-verification').addEventListener('click', () => {
    userbase.api.POST('/v1/auth/verify-email/request').then(({ data, error }) => {
      notify(data?.detail ?? error?.detail ?? '')
    }, () => { notify('The API could not be reached. Is it running?') })
  })
}

/** The form a reset link opens (/reset-password#token=...): the new password, then back to signing in. */
export function showResetForm (token: string): void {
  const resetForm = $<HTMLFormElement>('#reset-form')
  show($('#reset-password'), true)
  resetForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const { newPassword = '' } = fieldsOf(resetForm)
    submitting(resetForm, async () => {
      expectOk(await userbase.api.POST('/v1/auth/password/reset', { body: { token, newPassword } }))
    }).then((changed) => {
      if (!changed) return
      history.replaceState(null, '', '/')
      show($('#reset-password'), false)
      show($('#signed-out'), true)
      notify('Your password is changed: sign in with it.')
    })
  })
}
