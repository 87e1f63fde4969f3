// One anonymous IP flooding unique 4096×4096 placeholders kept the shared render pool full: signed-in users got 503.
import t from 'tap'
import { build } from '../helpers/build.js'
import { bearer, signUp } from '../helpers/users.js'

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms))

t.test('a signed-in user still draws while one IP floods unique large placeholders', async (t) => {
  const app = await build(t, {
    config: {
      imageMaxConcurrency: 2,
      imageQueueMax: 16,
      imageMaxPerClient: 1,
      imageQueuePerClient: 4,
      imageAnonymousMaxPerClient: 1,
      imageAnonymousQueuePerClient: 2,
      imageRenderTimeout: 20,
      imageRateLimitMax: 1000
    }
  })
  const { accessToken } = await signUp(app)

  // ~20 requests a second (each a different URL: no cache hit, no shared render) until the user is done, 4 s at most.
  // One such render takes about half a second here, so the flood asks ten times what two slots can draw.
  let userDone = false
  let floodRefused = () => {}
  const full = new Promise<void>((resolve) => { floodRefused = resolve })
  const flood: Array<Promise<number>> = []
  const flooding = (async () => {
    for (let index = 0; index < 80; index++) {
      if (userDone) break
      flood.push(app.inject({ url: `/v1/images/placeholder/4096x4096.png?text=flood-${index}`, remoteAddress: '203.0.113.7' })
        .then((response) => { if (response.statusCode === 503) floodRefused(); return response.statusCode }))
      await sleep(50)
    }
  })()

  // The user starts once the flood has taken every place it can (its first 503), or after 3 s.
  await Promise.race([full, sleep(3000)])
  const statuses: number[] = []
  for (let index = 0; index < 10; index++) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: bearer(accessToken),
      payload: { width: 40 + index, height: 30, format: 'png', shapes: [{ type: 'rect', x: 1, y: 1, width: 5, height: 5 }] }
    })
    statuses.push(response.statusCode)
    await sleep(150)
  }
  userDone = true
  await flooding
  const floodStatuses = await Promise.all(flood)

  const drawn = statuses.filter((status) => status === 200).length
  t.ok(drawn >= 9, `the signed-in user's scenes were drawn ${drawn} times of 10: ${statuses.join(' ')}`)
  t.same(floodStatuses.filter((status) => status !== 200 && status !== 503), [], 'the flood gets 200 or 503, nothing else')
  t.ok(floodStatuses.includes(503), 'the flooding IP was refused past its share')
})
