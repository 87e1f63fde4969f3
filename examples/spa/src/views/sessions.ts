// Sessions: where the account is signed in, ending one, or every one but this ("sign out other devices").
import { $, actionButton, showError } from '../dom.js'
import { dataOf, expectOk, userbase } from '../userbase.js'

export function mountSessions () {
  const section = $('#sessions')
  const list = $<HTMLUListElement>('#session-list')

  async function refresh (): Promise<void> {
    try {
      const { items } = dataOf(await userbase.api.GET('/v1/me/sessions'))
      list.replaceChildren(...items.map((session) => {
        const row = document.createElement('li')
        row.dataset.sessionId = session.id
        const where = document.createElement('span')
        where.textContent = `${session.userAgent ?? 'Unknown device'} · ${session.ip ?? 'unknown address'}`
        const when = document.createElement('span')
        when.className = 'details'
        when.textContent = `signed in ${new Date(session.createdAt).toLocaleString()}, ` +
          `last active ${new Date(session.lastUsedAt).toLocaleString()}`
        row.append(where, when)
        if (session.current) {
          row.classList.add('current')
          row.append(Object.assign(document.createElement('strong'), { textContent: 'this device' }))
        } else {
          row.append(actionButton('Sign out', async () => {
            expectOk(await userbase.api.DELETE('/v1/me/sessions/{id}', { params: { path: { id: session.id } } }))
            await refresh()
          }, section))
        }
        return row
      }))
    } catch (error) {
      showError(section, error)
    }
  }

  $('#sign-out-others').addEventListener('click', () => {
    userbase.api.DELETE('/v1/me/sessions')
      .then(async (answer) => { expectOk(answer); await refresh() })
      .catch((error: unknown) => { showError(section, error) })
  })

  return {
    refresh,
    clear (): void { list.replaceChildren() }
  }
}
