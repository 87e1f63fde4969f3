// Files: the list with thumbnails (signed URLs of a small variant, so private images show in <img> without a
// token), uploads with a progress bar, opening and deleting.
import type { FileObject } from '@userbase/client'
import { $, actionButton, clearErrors, formatBytes, show, showError } from '../dom.js'
import { dataOf, expectOk, userbase } from '../userbase.js'

const PAGE_SIZE = 50
/** Twice the 48 px the list shows, for sharp thumbnails on high-density screens. */
const THUMBNAIL = { w: 96, h: 96, fit: 'cover', format: 'webp' } as const
/** Long enough for the page to be read; a later refresh signs new ones. */
const SIGNED_URL_SECONDS = 600

export function mountFiles () {
  const list = $<HTMLUListElement>('#file-list')
  const more = $<HTMLButtonElement>('#file-list-more')
  const uploadForm = $<HTMLFormElement>('#upload-form')
  const uploadInput = $<HTMLInputElement>('#upload-input')
  const progress = $<HTMLProgressElement>('#upload-progress')
  const status = $('#upload-status')
  let nextCursor: string | null = null

  function item (file: FileObject): HTMLLIElement {
    const row = document.createElement('li')
    row.dataset.fileId = file.id
    const thumbnail = document.createElement('img')
    thumbnail.className = 'thumbnail'
    thumbnail.alt = ''
    thumbnail.width = thumbnail.height = 48
    if (file.width !== null) {
      userbase.files.signedUrl(file.id, { expiresIn: SIGNED_URL_SECONDS, variant: THUMBNAIL })
        .then(({ url }) => { thumbnail.src = url }, (error: unknown) => { console.warn(error) })
    }
    const name = document.createElement('span')
    name.className = 'filename'
    name.textContent = file.filename // text, never HTML: a file name is the uploader's input
    const details = document.createElement('span')
    details.className = 'details'
    details.textContent = `${formatBytes(file.size)} · ${file.visibility}`
    const open = actionButton('Open', async () => {
      const { url } = await userbase.files.signedUrl(file.id, { expiresIn: SIGNED_URL_SECONDS })
      window.open(url, '_blank', 'noopener')
    }, uploadForm)
    const remove = actionButton('Delete', async () => {
      expectOk(await userbase.api.DELETE('/v1/files/{id}', { params: { path: { id: file.id } } }))
      row.remove()
      show($('#file-list-empty'), list.children.length === 0)
    }, uploadForm)
    remove.className = 'danger'
    row.append(thumbnail, name, details, open, remove)
    return row
  }

  async function loadPage (cursor: string | null): Promise<void> {
    const page = dataOf(await userbase.api.GET('/v1/files', {
      params: { query: { limit: PAGE_SIZE, ...(cursor === null ? {} : { cursor }) } }
    }))
    if (cursor === null) list.replaceChildren()
    list.append(...page.items.map(item))
    nextCursor = page.nextCursor
    show(more, nextCursor !== null)
    show($('#file-list-empty'), list.children.length === 0)
  }

  async function refresh (): Promise<void> {
    await loadPage(null).catch((error: unknown) => { showError(uploadForm, error) })
  }

  more.addEventListener('click', () => {
    loadPage(nextCursor).catch((error: unknown) => { showError(uploadForm, error) })
  })

  uploadInput.addEventListener('change', () => {
    const chosen = [...uploadInput.files ?? []]
    uploadInput.value = ''
    if (chosen.length === 0) return
    progress.value = 0
    show(progress, true)
    status.textContent = `Uploading ${chosen.length === 1 ? chosen[0].name : `${chosen.length} files`}…`
    clearErrors(uploadForm)
    userbase.files.upload(chosen, {
      onProgress: ({ loaded, total }) => { progress.value = total === 0 ? 1 : loaded / total }
    }).then(async (created) => {
      status.textContent = `Uploaded ${created.length === 1 ? created[0].filename : `${created.length} files`}.`
      await refresh()
    }, (error: unknown) => {
      status.textContent = ''
      showError(uploadForm, error)
    }).finally(() => { show(progress, false) })
  })

  return {
    refresh,
    clear (): void {
      list.replaceChildren()
      status.textContent = ''
      show(more, false)
    }
  }
}
