// What nb2svc knows of scikit-learn's bundled data sets without their data: their column and class names (scikit-learn
// 1.2; these have not changed since 0.2x). `load_iris().target_names[i]` and `feature_names` in a notebook read these.

export interface DatasetNames {
  readonly feature_names: readonly string[];
  readonly target_names?: readonly (string | number)[];
}

export const DATASETS: Readonly<Record<string, DatasetNames>> = {
  iris: {feature_names: ["sepal length (cm)","sepal width (cm)","petal length (cm)","petal width (cm)"],target_names: ["setosa","versicolor","virginica"]},
  wine: {feature_names: ["alcohol","malic_acid","ash","alcalinity_of_ash","magnesium","total_phenols","flavanoids","nonflavanoid_phenols","proanthocyanins","color_intensity","hue","od280/od315_of_diluted_wines","proline"],target_names: ["class_0","class_1","class_2"]},
  breast_cancer: {feature_names: ["mean radius","mean texture","mean perimeter","mean area","mean smoothness","mean compactness","mean concavity","mean concave points","mean symmetry","mean fractal dimension","radius error","texture error","perimeter error","area error","smoothness error","compactness error","concavity error","concave points error","symmetry error","fractal dimension error","worst radius","worst texture","worst perimeter","worst area","worst smoothness","worst compactness","worst concavity","worst concave points","worst symmetry","worst fractal dimension"],target_names: ["malignant","benign"]},
  diabetes: {feature_names: ["age","sex","bmi","bp","s1","s2","s3","s4","s5","s6"]},
  digits: {feature_names: ["pixel_0_0","pixel_0_1","pixel_0_2","pixel_0_3","pixel_0_4","pixel_0_5","pixel_0_6","pixel_0_7","pixel_1_0","pixel_1_1","pixel_1_2","pixel_1_3","pixel_1_4","pixel_1_5","pixel_1_6","pixel_1_7","pixel_2_0","pixel_2_1","pixel_2_2","pixel_2_3","pixel_2_4","pixel_2_5","pixel_2_6","pixel_2_7","pixel_3_0","pixel_3_1","pixel_3_2","pixel_3_3","pixel_3_4","pixel_3_5","pixel_3_6","pixel_3_7","pixel_4_0","pixel_4_1","pixel_4_2","pixel_4_3","pixel_4_4","pixel_4_5","pixel_4_6","pixel_4_7","pixel_5_0","pixel_5_1","pixel_5_2","pixel_5_3","pixel_5_4","pixel_5_5","pixel_5_6","pixel_5_7","pixel_6_0","pixel_6_1","pixel_6_2","pixel_6_3","pixel_6_4","pixel_6_5","pixel_6_6","pixel_6_7","pixel_7_0","pixel_7_1","pixel_7_2","pixel_7_3","pixel_7_4","pixel_7_5","pixel_7_6","pixel_7_7"],target_names: [0,1,2,3,4,5,6,7,8,9]},
  california_housing: {feature_names: ["MedInc","HouseAge","AveRooms","AveBedrms","Population","AveOccup","Latitude","Longitude"],target_names: ["MedHouseVal"]},
};
