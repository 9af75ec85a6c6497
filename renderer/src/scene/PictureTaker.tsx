// Lends the session a way to take a picture of the view: draw it once and read the canvas in the same task,
// while its drawing buffer still holds the picture (the canvas does not keep it, so drawing stays cheap).
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { useSession } from '../session/session-context.js';

export function PictureTaker() {
  const session = useSession();
  const { gl, scene, camera } = useThree();
  useEffect(() => {
    session.pictureTaker = () =>
      new Promise((resolve) => {
        gl.render(scene, camera);
        gl.domElement.toBlob((blob) => resolve(blob), 'image/png');
      });
    return () => {
      session.pictureTaker = null;
    };
  }, [session, gl, scene, camera]);
  return null;
}
