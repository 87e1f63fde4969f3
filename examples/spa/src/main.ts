// The demo's entry: which screen a URL shows, and what the signed-in state draws. Each view owns one section
// of index.html and exposes what main needs (render with a user, clear on sign-out).
import './style.css'
import type { Session, User } from '@userbase/client'
import { $, notify, show, tokenFromFragment } from './dom.js'
import { userbase } from './userbase.js'
import { mountAuth, showResetForm } from './views/auth.js'
import { mountFiles } from './views/files.js'
import { mountPlayground } from './views/playground.js'
import { mountProfile } from './views/profile.js'
import { mountSessions } from './views/sessions.js'

const files = mountFiles()
const profile = mountProfile()
const sessions = mountSessions()
mountPlayground({ onSaved: files.refresh })
mountAuth()

function render (session: Session | null): void {
  show($('#account'), session !== null)
  show($('#signed-out'), session === null)
  show($('#signed-in'), session !== null)
  if (session === null) {
    profile.clear()
    files.clear()
    sessions.clear()
    return
  }
  profile.render(session.user)
  files.refresh()
  sessions.refresh()
}

userbase.auth.onAuthStateChange((event, session) => {
  if (event === 'SIGNED_IN' || event === 'SIGNED_OUT') render(session)
  else if (session !== null) profile.render(session.user) // a refresh carries the user as it is now
})

/** A mailed verification or email-change link (/verify-email#token=..., /confirm-email#token=...). */
async function followEmailLink (): Promise<User | undefined> {
  const { data, error } = await userbase.api.POST('/v1/auth/verify-email', { body: { token: tokenFromFragment() } })
  notify(data !== undefined ? 'Your email address is verified.' : error?.detail ?? '')
  return data
}

async function start (): Promise<void> {
  const path = location.pathname
  if (path === '/reset-password') {
    showResetForm(tokenFromFragment())
    return
  }
  let verified: User | undefined
  if (path === '/verify-email' || path === '/confirm-email') {
    verified = await followEmailLink()
    history.replaceState(null, '', '/') // the token is spent: keep it out of the history and of bookmarks
  }
  const session = await userbase.auth.getSession().catch(() => null)
  // A session found here was announced as SIGNED_IN, which drew it: only "signed out" is left to draw.
  if (session === null) render(null)
  // The session was restored before the link was followed: its user is from before too.
  if (verified !== undefined && session?.user.id === verified.id) profile.render(verified)
}

start().catch((error: unknown) => { notify('The API could not be reached. Is it running?'); console.error(error) })
