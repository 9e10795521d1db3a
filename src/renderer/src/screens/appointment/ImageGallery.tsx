import type { StudyImageView } from '#shared/ipc/views';
import { formatTimeOnDay } from '../../lib/format';
import {
  formatDose,
  imageAltText,
  isDisplayableThumbnail,
  missingStandardViews,
  orderImages,
} from '../../lib/images';

interface ImageGalleryProps {
  images: readonly StudyImageView[];
  /** The clinic's date and zone: times on that day show as `09:12`. */
  clinicDate: string;
  timeZone: string;
}

/**
 * Thumbnails of the images the modality stored, hung RCC, LCC, RMLO, LMLO, each captioned with its
 * view, when it was taken and any dose values. Inline `data:` images only (the CSP allows them).
 */
export function ImageGallery({ images, clinicDate, timeZone }: ImageGalleryProps) {
  if (images.length === 0)
    return <p className="nhsuk-body">No images have been received from the modality yet.</p>;
  const missing = missingStandardViews(images);
  return (
    <>
      <p className="nhsuk-body">
        {images.length === 1 ? '1 image received.' : `${images.length} images received.`}
        {missing.length > 0 ? ` Standard views not received: ${missing.join(', ')}.` : null}
      </p>
      <ul className="app-image-grid">
        {orderImages(images).map((image) => {
          const dose = formatDose(image.dose);
          return (
            <li key={image.sopInstanceUid} className="app-image-grid__item">
              <figure className="app-image">
                <div className="app-image__frame">
                  {isDisplayableThumbnail(image.thumbnail) ? (
                    <img
                      className="app-image__thumbnail"
                      src={image.thumbnail}
                      alt={imageAltText(image)}
                      width={image.width}
                      height={image.height}
                      decoding="async"
                    />
                  ) : (
                    <p className="app-image__missing">Thumbnail not available</p>
                  )}
                </div>
                <figcaption className="app-image__caption">
                  <strong className="app-image__label">{image.label ?? 'View not recorded'}</strong>
                  <span className="app-hint">
                    Taken at {formatTimeOnDay(image.acquiredAt, clinicDate, timeZone)}
                  </span>
                  {dose ? <span className="app-hint">{dose}</span> : null}
                </figcaption>
              </figure>
            </li>
          );
        })}
      </ul>
    </>
  );
}
