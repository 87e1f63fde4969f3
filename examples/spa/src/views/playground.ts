// The image playground: a scene as JSON on the left (the body of POST /v1/images), its render on the right,
// and "save" to keep it as a file (POST /v1/images/files).
import { ApiError, type Scene } from '@userbase/client'
import { $, clearErrors, showError } from '../dom.js'
import { dataOf, userbase } from '../userbase.js'

const STARTING_SCENE = {
  width: 320,
  height: 200,
  format: 'png',
  background: '#0f172a',
  shapes: [
    { type: 'rect', x: 20, y: 20, width: 180, height: 110, rx: 12, fill: '#ffff33', stroke: '#dc2626', strokeWidth: 4 },
    { type: 'circle', cx: 240, cy: 120, r: 56, fill: '#38bdf8', opacity: 0.85 },
    { type: 'text', x: 160, y: 180, text: 'Hello, Userbase', fontSize: 22, fill: '#f8fafc', align: 'middle' }
  ]
}

export function mountPlayground ({ onSaved }: { onSaved: () => Promise<void> }): void {
  const editor = $<HTMLTextAreaElement>('#scene')
  const column = editor.parentElement as HTMLElement
  const rendered = $<HTMLImageElement>('#rendered')
  editor.value = JSON.stringify(STARTING_SCENE, null, 2)

  /** The editor's scene; a JSON syntax error is shown and answered with undefined. */
  function scene (): Scene | undefined {
    clearErrors(column)
    $('#render-status').textContent = ''
    try {
      return JSON.parse(editor.value) as Scene // the API validates it and names what is wrong
    } catch (error) {
      $('#scene-error').textContent = `Not JSON: ${(error as Error).message}`
      return undefined
    }
  }

  $('#render').addEventListener('click', () => {
    const body = scene()
    if (body === undefined) return
    userbase.api.POST('/v1/images', { body, parseAs: 'blob' }).then(({ data, error, response }) => {
      if (data === undefined) throw ApiError.fromResponse(response, error)
      if (rendered.src.startsWith('blob:')) URL.revokeObjectURL(rendered.src)
      rendered.src = URL.createObjectURL(data)
      rendered.hidden = false
    }).catch((error: unknown) => { showSceneError(error) })
  })

  $('#save-render').addEventListener('click', () => {
    const body = scene()
    if (body === undefined) return
    userbase.api.POST('/v1/images/files', { body })
      .then(async (answer) => {
        const file = dataOf(answer)
        $('#render-status').textContent = `Saved as ${file.filename}.`
        await onSaved()
      })
      .catch((error: unknown) => { showSceneError(error) })
  })

  /** A scene's problems name JSON Pointers into the scene (`/shapes/0/fill`): listed under the editor. */
  function showSceneError (error: unknown): void {
    showError(column, error)
    if (error instanceof ApiError && error.errors.length > 0) {
      $('#scene-error').textContent = error.errors.map(({ path, message }) => `${path} ${message}`).join('\n')
    }
  }
}
