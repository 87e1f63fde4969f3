// The profile: display name, username and bio (PATCH /v1/me), and the avatar (PUT and DELETE /v1/me/avatar).
import type { User } from '@userbase/client'
import { $, notify, show, showError, submitting } from '../dom.js'
import { userbase } from '../userbase.js'

export function mountProfile () {
  const form = $<HTMLFormElement>('#profile-form')
  const avatarFigure = $('#avatar').closest('figure') as HTMLElement
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement

  function render (user: User): void {
    $('#header-username').textContent = user.displayName ?? user.username
    $<HTMLImageElement>('#header-avatar').src = user.avatarUrl
    $<HTMLImageElement>('#avatar').src = user.avatarUrl
    show($('#verify-banner'), !user.emailVerified)
    // Fields the user is editing keep what they typed.
    if (!form.contains(document.activeElement)) {
      field('displayName').value = user.displayName ?? ''
      field('username').value = user.username
      field('bio').value = user.bio ?? ''
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const text = (name: string) => field(name).value.trim()
    submitting(form, async () => {
      // An emptied field clears it (null); the username cannot be cleared.
      const user = await userbase.auth.updateUser({
        displayName: text('displayName') === '' ? null : text('displayName'),
        username: text('username'),
        bio: text('bio') === '' ? null : text('bio')
      })
      ;(document.activeElement as HTMLElement | null)?.blur()
      render(user)
      notify('Your profile is saved.')
    })
  })

  const avatarInput = $<HTMLInputElement>('#avatar-input')
  avatarInput.addEventListener('change', () => {
    const image = avatarInput.files?.[0]
    avatarInput.value = '' // choosing the same file again fires `change` again
    if (image === undefined) return
    userbase.auth.setAvatar(image).then(render, (error: unknown) => { showError(avatarFigure, error) })
  })

  $('#remove-avatar').addEventListener('click', () => {
    userbase.auth.removeAvatar()
      .then(async () => { render(await userbase.auth.getUser()) })
      .catch((error: unknown) => { showError(avatarFigure, error) })
  })

  return {
    render,
    clear (): void {
      form.reset()
      for (const image of [$<HTMLImageElement>('#avatar'), $<HTMLImageElement>('#header-avatar')]) image.removeAttribute('src')
    }
  }
}
